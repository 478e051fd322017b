import asyncio

import pytest

from wsdesk.core.command import Command


async def test_execute_tracks_running_and_completed():
    seen = []
    gate = asyncio.Event()

    async def action(value):
        seen.append(value)
        await gate.wait()

    command = Command(action)
    task = asyncio.ensure_future(command.execute(1))
    await asyncio.sleep(0)
    assert command.running
    assert not command.can_execute
    gate.set()
    await task
    assert seen == [1]
    assert not command.running
    assert command.completed
    assert command.error is None
    assert command.can_execute


async def test_execute_while_running_does_not_run_again():
    calls = 0
    gate = asyncio.Event()

    async def action():
        nonlocal calls
        calls += 1
        await gate.wait()

    command = Command(action)
    first = asyncio.ensure_future(command.execute())
    await asyncio.sleep(0)
    await asyncio.wait_for(command.execute(), 1)  # returns at once
    gate.set()
    await first
    assert calls == 1


async def test_concurrent_command_runs_every_call():
    calls = []
    gate = asyncio.Event()

    async def action(value):
        calls.append(value)
        await gate.wait()

    command = Command(action, concurrent=True)
    tasks = [asyncio.ensure_future(command.execute(i)) for i in range(3)]
    await asyncio.sleep(0)
    assert command.running
    assert command.can_execute
    gate.set()
    await asyncio.gather(*tasks)
    assert calls == [0, 1, 2]
    assert not command.running


async def test_error_is_kept_not_raised():
    async def action():
        raise ValueError("boom")

    command = Command(action)
    await command.execute()
    assert isinstance(command.error, ValueError)
    assert not command.completed
    assert not command.running


async def test_cancellation_propagates_and_resets_running():
    async def action():
        await asyncio.sleep(10)

    command = Command(action)
    task = command.start()
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not command.running


async def test_guard_and_notify():
    allowed = False
    command = Command(lambda: asyncio.sleep(0), lambda: allowed)
    changes = []
    command.changed.connect(lambda: changes.append(command.can_execute))
    assert not command.can_execute
    allowed = True
    command.notify()
    assert changes == [True]


async def test_start_keeps_a_strong_reference_until_done():
    gate = asyncio.Event()

    async def action():
        await gate.wait()

    command = Command(action)
    task = command.start()
    assert task in command._tasks
    gate.set()
    await task
    await asyncio.sleep(0)
    assert task not in command._tasks
