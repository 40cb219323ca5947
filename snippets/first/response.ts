export interface Response {
  status: string;
  contentType: string;
  /** No body: the response goes on for as long as the connection does (a stream). */
  body?: string;
}

export const CRLF = '\r\n';
