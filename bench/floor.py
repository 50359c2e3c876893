"""The portal's floor: the portal with one page more, which a logged-in person reaches through
the whole frame (the session row, who acts for whom, the language, CSRF, the rate limits, the
access net and the unit of work) and which renders the layout with nothing in it.

The load benchmark serves it beside the portal and reports it as a row of its own. No page of
the portal can be faster than this one, so its ratio to bare Flask is the most any page's
ratio can reach on the machine, whatever the page does (issue 22). It is never served by the
portal itself.
"""

from flask import render_template
from flask_login import login_required

from portal import access, create_app

app = create_app()


@app.get("/bench/floor")
@login_required
@access.public  # shows nothing of anyone's: the layout alone
def floor():
    """Render the layout, empty."""
    return render_template("base.html")
