/** One post sent three ways. A subscriber in the room says what each one published. */
async function everyByte(port: number): Promise<string[]> {
  const bytes = post('room=bytes&message=hello+all&name=Zoë');  // ë: two bytes, C3 AB
  const ways: [string, Buffer[]][] = [
    ['in one piece', [bytes]],
    ['cut inside the ë', [bytes.subarray(0, -1), bytes.subarray(-1)]],
    ['one byte at a time', [...bytes].map((byte) => Buffer.of(byte))],
  ];
  const room = await subscribe(port, 'bytes');
  const lines: string[] = [];
  for (const [way, pieces] of ways) {
    const answer = said(await send(port, ...pieces));
    const result = answer.startsWith('200') ? `heard ${await room.next()}` : answer;
    lines.push(`${way.padEnd(19)} ${result}`);
  }
  room.socket.destroy();
  return lines;
}

/** A raw-socket subscriber to `room`: `next()` resolves with its next message's data. */
async function subscribe(port: number, room: string) {
  const socket = connect(port, HOST);
  let text = '';
  let wake = () => {};
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
    wake();
  });
  const event = (pattern: RegExp) => new Promise<string>((resolve) => {
    wake = () => {
      const found = pattern.exec(text);
      if (!found) return;
      text = text.slice(found.index + found[0].length);
      wake = () => {};
      resolve(found[1]!);
    };
    wake();
  });
  socket.write(request([`GET /source?room=${room} HTTP/1.1`, `Host: ${HOST}`]));
  await event(/event: joined\n([^]*?)\n\n/);
  // A message is an event without a name: its last line is its data.
  return { socket, next: () => event(/^data: (.*)\n\n/m) };
}
