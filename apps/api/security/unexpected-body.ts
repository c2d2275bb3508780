import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainError } from '@app/domain';

/**
 * A body sent to an operation that takes none (but `{}`) is refused (400) rather than
 * ignored: the client meant something the engine would not do, and an action
 * such as recording a DMP authorisation must not happen on a request that was
 * about something else.
 */
@Injectable()
export class RefuseUnexpectedBody implements NestInterceptor {
  private readonly takesBody = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      if (hasBody(req) && !this.handlerTakesBody(context)) {
        throw DomainError.invalid('body', 'this operation takes no body');
      }
    }
    return next.handle();
  }

  private handlerTakesBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let known = this.takesBody.get(handler);
    if (known === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ??
        {}) as Record<string, unknown>;
      known = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
      this.takesBody.set(handler, known);
    }
    return known;
  }
}

/** Something was sent: an empty JSON object (`{}`, which many clients send by habit) is nothing. */
function hasBody(req: Request): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length <= 0 && req.headers['transfer-encoding'] === undefined) return false;
  const parsed: unknown = req.body;
  const emptyObject =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.keys(parsed).length === 0;
  return !emptyObject;
}
