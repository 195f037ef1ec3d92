import { type HubTriage, parseHubTriage } from '@rampart/core';
import { type HubConnection, hubRequest } from './hub-client.js';

/**
 * Fetches the project's triage from the hub (`GET /api/v1/projects/{id}/triage`): the
 * fingerprints marked false positive or accepted, and the organisation rules in force.
 * @throws RampartError `RAMPART_HUB` when the hub cannot be reached, refuses, or answers
 * something else.
 */
export async function fetchHubTriage(
  hub: HubConnection,
  signal: AbortSignal,
  timeoutSeconds = 60,
): Promise<HubTriage> {
  const { body } = await hubRequest(hub, {
    method: 'GET',
    path: `api/v1/projects/${encodeURIComponent(hub.project)}/triage`,
    what: `reading the triage of project ${hub.project} from`,
    signal,
    timeoutSeconds,
  });
  return parseHubTriage(body, `the triage from ${hub.server.origin}`);
}
