/** Every program in this book listens on, and connects to, the loopback interface. */
export const HOST = '127.0.0.1';
