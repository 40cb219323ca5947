/** Where a room lives in Redis. Keys and pub/sub channels are separate namespaces,
 *  so the stream and its doorbell may share a name. A room's name may hold any character,
 *  so each kind of key has a prefix of its own:
 *  no name can make one room's key another's. */
const streamKey = (room: string) => `house:room:${room}`;
const listenersKey = (room: string) => `house:listeners:${room}`;
const doorbell = streamKey;
const ROOM_OF_DOORBELL = /^house:room:(.*)$/s;
