import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { lookupAckLink } from '../../shared/app/requests/respond-to-page.js';
import { holdsRequest, isPagingStatus } from '../../shared/domain/escalation/index.js';
import { confirmPage, holderPage, invalidLinkPage, noLongerPage } from '../http/ack-pages.js';
import { withHttpErrors, type HttpOptions } from '../http/http-route.js';

/** GET /ack/{token}: shows what the page is about and two buttons; changes nothing. */
export const createHandler = (deps: RequestDeps, logger: Logger, http: HttpOptions = {}) =>
  withHttpErrors(logger, http, async (event: APIGatewayProxyEvent) => {
    const token = event.pathParameters?.token ?? '';
    const link = await lookupAckLink(deps, token);
    if (link.kind === 'invalid') return invalidLinkPage();
    const { request } = link.stored;
    // The acceptor (by SMS code, or back after closing the tab) is offered the case, never a dead end.
    if (holdsRequest(request, link.who)) return holderPage(link.stored, link.who);
    if (link.used) return noLongerPage(link.stored, 'This link has already been used.');
    if (!isPagingStatus(request.status)) {
      const by = request.assignee ? ` by ${request.assignee.name}` : '';
      return noLongerPage(link.stored, `This request is no longer waiting: ${request.status}${by}.`);
    }
    return confirmPage(link.stored, link.who);
  });
