"""How a feature joins the app: its areas and staff purposes declared to the access decision,
its kinds of notice, its pages, and its cards and shortcuts on the home page."""

import functools

from portal import access, db, notices
from portal.home import cards as home_cards
from portal.home import shortcuts as home_shortcuts


def install(app, *, areas=(), purposes=(), notice_kinds=(), blueprints=(), cards=(),
            shortcuts=()) -> None:
    """Declare what a feature brings and add it to the app (from the feature's init_app).

    `purposes` is a sequence of (kind of purpose, the areas it opens).
    """
    access.register(*areas)
    for kind, opens in purposes:
        access.register_purpose(kind, opens=opens)
    notices.register(app, *notice_kinds)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    for card in cards:
        home_cards.register(app, card)
    for shortcut in shortcuts:
        home_shortcuts.register(app, shortcut)


def once_per_request(function):
    """Keep a template global's answer for the rest of a reading request, by its arguments (a
    unit as its id): `db.kept`.

    The staff workspace asks each feature for its numbers twice, in the feature's notice and
    again to know whether anything waits at all; each is counted once (issue 22).
    """
    @functools.wraps(function)
    def kept(*args):
        return db.kept((function, *(getattr(arg, "id", arg) for arg in args)),
                       lambda: function(*args))
    return kept
