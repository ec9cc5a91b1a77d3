import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBotConnectorRoster } from '../../../api/src/roster/bot-connector-roster.js';
import { createRoster, type RosterPort } from '../../../api/src/roster/roster-port.js';

// A stand-in Bot Connector on loopback: it lists a meeting chat's members the way Teams does
// (`GET /v3/conversations/{chatId}/members`), so the api's real roster check lets a Teams caller
// into the circle of the meeting the stand-in Teams host says they are in. Demo users still join
// freely, as dev mode allows.

export interface ChatMember {
  readonly chatId: string;
  readonly aadObjectId: string;
  readonly tenantId: string;
  readonly name: string;
}

export interface BotConnectorStandIn {
  readonly roster: RosterPort;
  /** The chats whose members the api asked for. */
  readonly askedChats: readonly string[];
  close(): Promise<void>;
}

export async function startBotConnectorStandIn(
  members: readonly ChatMember[],
): Promise<BotConnectorStandIn> {
  const askedChats: string[] = [];
  const server: Server = createServer((request, response) => {
    const match = /^\/v3\/conversations\/([^/]+)\/members$/.exec(request.url ?? '');
    if (request.method !== 'GET' || match?.[1] === undefined) {
      response.writeHead(404).end();
      return;
    }
    const chatId = decodeURIComponent(match[1]);
    askedChats.push(chatId);
    const inChat = members.filter((member) => member.chatId === chatId);
    if (inChat.length === 0) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        inChat.map((member) => ({
          id: `29:${member.aadObjectId}`,
          aadObjectId: member.aadObjectId,
          tenantId: member.tenantId,
          name: member.name,
          userRole: 'user',
        })),
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    roster: createRoster({
      allowDevCallers: true,
      teams: createBotConnectorRoster({
        serviceUrl: `http://127.0.0.1:${port}/`,
        getAccessToken: async () => 'stand-in-bot-token',
      }),
    }),
    askedChats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
