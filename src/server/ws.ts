/** The one place the server loads `ws` from. */
export { type RawData, WebSocket, WebSocketServer } from 'ws';
