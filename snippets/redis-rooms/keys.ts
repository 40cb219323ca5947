/** Where a room lives in Redis. Keys and pub/sub channels are separate namespaces,
 *  so the stream and its doorbell may share a name. */
const streamKey = (room: string) => `house:room:${room}`;
const listenersKey = (room: string) => `house:room:${room}:listeners`;
const doorbell = streamKey;
const ROOM_OF_DOORBELL = /^house:room:(.*)$/s;
