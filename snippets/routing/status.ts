/** The reason phrase of every status this server sends (RFC 9110 §15). */
export const STATUS_TEXT: Record<number, string> = {
  100: 'Continue', 200: 'OK', 201: 'Created', 204: 'No Content', 303: 'See Other',
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  417: 'Expectation Failed', 500: 'Internal Server Error', 501: 'Not Implemented',
  503: 'Service Unavailable', 505: 'HTTP Version Not Supported',
};
