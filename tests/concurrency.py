"""Run jobs in threads at once, each on its own database connection (real transactions)."""

import contextlib
import threading

from django.db import connection


def run_at_once(jobs):
    """Start the jobs together; returns the exceptions they raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # collected and checked by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def meet_here(count: int, timeout: float = 3.0):
    """A wrapper making ``count`` threads wait for each other at the wrapped call, so each has
    done its read before any writes: the window of a race, made certain. A thread that cannot
    get there (another holds a lock it waits for) lets the others go on after ``timeout``."""
    barrier = threading.Barrier(count)
    met = threading.Event()

    def wrap(function):
        def wrapped(*args, **kwargs):
            if not met.is_set():  # once: a retry after the meeting goes straight on
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=timeout)
                met.set()
            return function(*args, **kwargs)

        return wrapped

    return wrap
