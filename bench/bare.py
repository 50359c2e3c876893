"""The bare Flask app the load benchmark measures every page against: one route, no
database, no templates, served by gunicorn with the portal's settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Answer with a word."""
    return "Hello"
