"""FakeChannel.receive_batch: the WebSocketChannel batch contract, as the view-model sees it."""

from wsdesk.testing import FakeChannel


async def connected(*texts: str) -> FakeChannel:
    channel = FakeChannel()
    await channel.connect()
    for text in texts:
        channel.push(text)
    return channel


async def test_pushed_messages_come_back_in_one_batch_then_empty_at_close():
    channel = await connected("a", "b", "c")
    channel.push_close(1000)
    assert [m.data for m in await channel.receive_batch()] == ["a", "b", "c"]
    assert await channel.receive_batch() == []
    assert channel.close_code == 1000


async def test_a_batch_holds_at_most_limit_messages():
    channel = await connected("a", "b", "c")
    assert [m.data for m in await channel.receive_batch(limit=2)] == ["a", "b"]
    assert [m.data for m in await channel.receive_batch(limit=2)] == ["c"]


async def test_receive_and_async_for_still_work_beside_batches():
    channel = await connected("a", "b", "c")
    channel.push_close(1000)
    assert (await channel.receive()).data == "a"
    assert [m.data async for m in channel] == ["b", "c"]
    assert await channel.receive_batch() == []
