"""Extraction on an existing Dask cluster (``kg build --dask ADDRESS``), for corpora beyond one machine.

Dask schedules; kg only cuts the reports into batches and keeps a bounded number of them in
flight: :func:`extract_on_dask` submits :func:`kg.pipeline.extract_batch` per batch with
``client.map``, collects finished batches with ``distributed.as_completed``, and gives the
outcomes back **in input order**, so the caller (:func:`kg.pipeline.build`) writes every report's
graph from its own process to whatever store it opened (``sparql:`` for a shared server, but any
store URI works) and the result is the same as a local build.

Requirements on the cluster (dask.distributed, BSD-3-Clause, the ``dask`` extra:
``pip install 'kg[dask]'``):

* every worker has kg installed (the same version as the client: tasks are pickled by reference
  to :func:`kg.pipeline.extract_batch`);
* every worker reads the report files at the paths the client gives (a shared file system such
  as NFS mounted at the same place); a worker that cannot read a file reports it as a failed
  report, like a local build.

A cluster for a quick try on one machine::

    dask scheduler --port 8786 &                        # prints tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1 &
    kg build REPORTS -o out --store sparql:http://HOST:7878 --dask tcp://HOST:8786
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from datetime import date

from kg.errors import KgError
from kg.pipeline import batches, extract_batch, merge_batch

#: Reports per Dask task: large enough that scheduling overhead (~1 ms a task) is small next to
#: extraction (~40 ms a report on one core), small enough to spread a few thousand reports.
DASK_BATCH = 32

#: Batches in flight per worker thread; the client holds at most this many batches of results.
DASK_WINDOW = 3

#: Seconds to wait for the scheduler before giving up.
CONNECT_TIMEOUT_S = 30


def extract_on_dask(
    address: str,
    todo: Iterable[tuple[str, str | None]],
    date_override: date | None = None,
    *,
    batch_size: int = DASK_BATCH,
    window: int | None = None,
    task: Callable[..., list] | None = None,
) -> Iterator[tuple[str, bool | None, object]]:
    """Extract reports on the Dask cluster at ``address``; yield one outcome per item, in input order.

    Args:
        address: the scheduler's address as ``distributed.Client`` takes it
            (``tcp://10.0.0.5:8786``, or a ``LocalCluster``'s ``scheduler_address``).
        todo: (file, root) pairs as strings; a ``None`` root marks an unchanged report that is
            passed through without extraction.
        date_override: publication date for every report (``kg build --date``).
        batch_size: reports per Dask task.
        window: batches in flight at once (default :data:`DASK_WINDOW` per worker thread, at least 2);
            bounds the memory of the client and of the workers whatever the corpus size.
        task: what a Dask task runs on a batch, ``task(items, date_override=…)``: default
            :func:`kg.pipeline.extract_batch` (outcomes carry :class:`kg.emit.ReportGraph`);
            :func:`kg.pipeline.encode_batch` gives :class:`kg.store.base.EncodedReport` (what a build writes).

    Yields:
        (file, True, what ``task`` made: a :class:`kg.emit.ReportGraph` by default) for an extracted report, (file, False, message) for
        one that failed (including a task lost with its worker: the message names the error),
        (file, None, None) for an unchanged one; exactly one per item of ``todo``.

    Raises:
        kg.errors.KgError: dask.distributed is not installed, or the scheduler does not answer
            within :data:`CONNECT_TIMEOUT_S` seconds.
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise KgError("--dask needs dask.distributed: pip install 'kg[dask]'") from exc
    try:
        client = Client(address, timeout=f"{CONNECT_TIMEOUT_S}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(f"cannot connect to the Dask scheduler at {address}: {exc}") from exc
    try:
        threads = sum(client.nthreads().values()) or 1
        limit = window or max(2, DASK_WINDOW * threads)
        yield from _ordered(client, as_completed, batches(todo, batch_size), date_override, limit, task or extract_batch)
    finally:
        client.close()


def _ordered(client, as_completed, groups: Iterator[list], date_override, limit: int, task) -> Iterator[tuple]:  # noqa: ANN001
    """Keep ``limit`` batches in flight; give finished batches back in input order."""
    waiting: dict[int, list] = {}     # batch number → its items, until given back
    ready: dict[int, list] = {}       # batch number → outcomes, finished but not yet given back
    number: dict[str, int] = {}       # future key → batch number
    done = as_completed(loop=client.loop)
    nxt = count = 0                   # next batch number to give back; batches read from `groups`
    exhausted = False
    while True:
        while nxt in ready:
            del waiting[nxt]
            yield from ready.pop(nxt)
            nxt += 1
        new: list[int] = []
        while not exhausted and count - nxt < limit:
            batch = next(groups, None)
            if batch is None:
                exhausted = True
                break
            waiting[count] = batch
            if any(root is not None for _f, root in batch):
                new.append(count)
            else:
                ready[count] = merge_batch(batch, [])
            count += 1
        if new:
            work = [[(f, root) for f, root in waiting[i] if root is not None] for i in new]
            for i, fut in zip(new, client.map(task, work, date_override=date_override, pure=False)):
                number[fut.key] = i
                done.add(fut)
        if exhausted and nxt == count:
            return
        if nxt in ready:
            continue
        fut = next(done)
        i = number.pop(fut.key)
        batch = waiting[i]
        try:
            ready[i] = merge_batch(batch, fut.result())
        except CancelledError as exc:  # the scheduler dropped the task: the cluster is gone
            raise KgError(f"the Dask scheduler cancelled the extraction of {batch[0][0]} and the next reports (scheduler lost?)") from exc
        except Exception as exc:  # noqa: BLE001 - a lost worker, kg missing on a worker, a pickling error
            message = f"Dask task failed: {type(exc).__name__}: {exc}"
            ready[i] = [(f, None, None) if root is None else (f, False, f"{f}: {message}") for f, root in batch]
        fut.release()
