defineStreamHandler('/source', { room }, ({ room }, socket) => {
  subscribe(room, socket);
  writeEvent({ event: 'joined', data: room }, socket); // the page shows "live"
});
