"""Running queued tasks in this process: for tests and one-off commands.

Production runs ``manage.py db_worker`` (django-tasks-db) beside the app servers
(docs/operations.md). ``run_pending_tasks`` does what one pass of that worker does — take the
next ready task under the same lock, mark it running, run it, record its result — until none
is left, without sleeping or reconnecting, so a test can enqueue from a page, call it, and
read the outcome inside its own transaction.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

WORKER_ID = "in-process"


def run_pending_tasks(*, backend: str = "default", limit: int = 1000) -> int:
    """Run every ready task of ``backend`` (at most ``limit``); the number run."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend,
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        tasks = DBTaskResult.objects.ready().filter(backend_name=backend)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is None:
                break
            task_result.claim(WORKER_ID)
        worker.run_task(task_result)
        ran += 1
    return ran
