"""How a feature joins the app: its areas and staff purposes declared to the access decision,
its kinds of notice, its pages, and its cards on the home page."""

from portal import access, notices
from portal.home import cards as home_cards


def install(app, *, areas=(), purposes=(), notice_kinds=(), blueprints=(), cards=()) -> None:
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
