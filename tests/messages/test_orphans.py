"""A worker killed while sending a message leaves no health data behind (issue 14, item 5).

The files of a message are written before its rows are committed; a worker killed in between
leaves a file that no row names. `flask jobs sweep-attachments` removes such files (after a
grace period, so a request still committing keeps its file), and never one a message holds.
"""

import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from portal import db
from portal.messages import attachments
from portal.messages.models import Attachment, Message, Thread

ROOT = Path(__file__).resolve().parents[2]
WORKER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from sqlalchemy import select
    from portal import create_app, db
    from portal.messages import attachments
    from portal.messages.models import Attachment, Message, Thread

    app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "x"})
    with app.app_context():
        thread = db.session.scalars(select(Thread)).first()
        upload = attachments.Upload("resept.pdf", "application/pdf", b"%PDF-1.4 secret")
        key = attachments.store(upload, Path(sys.argv[2]))
        db.session.add(Message(thread=thread, author_id=thread.person_id, author_role="citizen",
                               body="Hei", attachments=[Attachment(
                                   filename="resept.pdf", content_type="application/pdf",
                                   size_bytes=15, sha256=upload.sha256, storage_key=key)]))
        db.session.flush()
        print(key, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # the worker dies before the commit
""")


def test_a_file_left_by_a_killed_worker_is_swept_and_a_kept_one_stays(
        app, db_session, database_url_for_tests, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    worker = subprocess.run([sys.executable, "-c", WORKER, database_url_for_tests, str(folder)],
                            cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert worker.returncode == -signal.SIGKILL, worker.stderr
    orphan = worker.stdout.strip()
    assert (folder / orphan).is_file()  # the file was written; its row never committed
    assert db_session.scalar(select(Attachment.id).where(
        Attachment.storage_key == orphan)) is None
    # A file that a message does hold, written at the same time.
    upload = attachments.Upload("brev.pdf", "application/pdf", b"%PDF-1.4 brev")
    kept = attachments.store(upload, folder)
    thread = db_session.scalars(select(Thread)).first()
    db_session.add(Message(thread=thread, author_id=thread.person_id, author_role="citizen",
                           body="Brev", attachments=[Attachment(
                               filename="brev.pdf", content_type="application/pdf",
                               size_bytes=13, sha256=upload.sha256, storage_key=kept)]))
    db_session.flush()
    now = db.utcnow()
    assert attachments.sweep(folder, now) == 0  # within the grace period: left alone
    assert attachments.sweep(folder, now + timedelta(hours=2)) == 1
    assert not (folder / orphan).exists() and (folder / kept).is_file()


def test_the_sweep_job_runs_from_the_command_line(app, db_session, tmp_path):
    app.config["PORTAL_UPLOAD_FOLDER"], before = str(tmp_path), app.config["PORTAL_UPLOAD_FOLDER"]
    try:
        result = app.test_cli_runner().invoke(args=["jobs", "sweep-attachments"])
    finally:
        app.config["PORTAL_UPLOAD_FOLDER"] = before
    assert result.exit_code == 0 and "Removed 0 files" in result.output
