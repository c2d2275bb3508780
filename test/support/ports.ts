import { freePort } from '@app/config';

/**
 * A free loopback port for each of `variables` (as `npm start` reads them),
 * all different and none of `taken`: a local stack started on them collides
 * with nothing, itself included.
 */
export async function freePortsFor(
  variables: readonly string[],
  taken: ReadonlySet<number> = new Set(),
): Promise<Record<string, string>> {
  const used = new Set(taken);
  const ports: Record<string, string> = {};
  for (const variable of variables) {
    let port = await freePort();
    while (used.has(port)) port = await freePort();
    used.add(port);
    ports[variable] = String(port);
  }
  return ports;
}
