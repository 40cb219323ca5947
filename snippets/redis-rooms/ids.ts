/** A Redis stream id, `<milliseconds>-<sequence>`: the event id on every process. */
const STREAM_ID = /^(0|[1-9][0-9]{0,15})-(0|[1-9][0-9]{0,15})$/;
const NOTHING_YET = '0-0';

/** Compares two stream ids by time, then by sequence;
 *  ids that aren't stream ids sort first. */
function compareIds(a: string, b: string): number {
  const [x, y] = [STREAM_ID.exec(a), STREAM_ID.exec(b)];
  if (x === null || y === null) return x === null ? (y === null ? 0 : -1) : 1;
  return Number(x[1]) - Number(y[1]) || Number(x[2]) - Number(y[2]);
}
