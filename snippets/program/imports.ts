import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
