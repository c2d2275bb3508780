import { createParamDecorator } from '@nestjs/common';
import type { Actor } from '@app/domain';

/**
 * Who is calling. Until Pro Santé Connect login lands (its own issue), the API
 * listens on 127.0.0.1 only and every request is the local operator's; the
 * audit log says so rather than pretending to know the person.
 */
export const LOCAL_OPERATOR: Actor = { kind: 'user', id: 'local-operator' };

export const CurrentActor = createParamDecorator((): Actor => LOCAL_OPERATOR);
