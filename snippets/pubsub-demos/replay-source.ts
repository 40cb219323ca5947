  defineStreamHandler('/source', { room }, ({ room }, socket, headers) => {
    const seen = Number(headers.get('last-event-id') ?? lastId);
    for (const event of history.get(room) ?? []) {
      if (Number(event.id) > seen) writeEvent(event, socket); // said while it was away
    }
    subscribe(room, socket);
    writeEvent({ event: 'joined', data: room }, socket); // the page shows "live"
  });
