import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import multer, { MulterError } from 'multer';
import type { Observable } from 'rxjs';
import { DomainError, MAX_DOCUMENT_BYTES } from '@app/domain';

/**
 * Reads a multipart upload into memory, within the DMP's limits: one file in
 * the field `file`, 5 MB at most. Anything else is answered with the field at
 * fault, before any byte is stored.
 */
const readUpload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10, fieldSize: 16 * 1024, parts: 11 },
}).single('file');

@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) =>
      readUpload(http.getRequest(), http.getResponse(), (error: unknown) =>
        error ? reject(uploadError(error)) : resolve(),
      ),
    );
    return next.handle();
  }
}

function uploadError(error: unknown): DomainError {
  if (!(error instanceof MulterError)) {
    return DomainError.invalid(
      'body',
      `malformed multipart/form-data (${(error as Error).message})`,
    );
  }
  const field = error.field ?? 'file';
  switch (error.code) {
    case 'LIMIT_FILE_SIZE':
      return new DomainError(
        'too_large',
        `file: larger than the 5 MB (${MAX_DOCUMENT_BYTES} bytes) the DMP accepts`,
        [{ field: 'file', problem: `larger than ${MAX_DOCUMENT_BYTES} bytes (5 MB)` }],
      );
    case 'LIMIT_UNEXPECTED_FILE':
      return DomainError.invalid(field, 'unexpected file; send the document in the field "file"');
    case 'LIMIT_FILE_COUNT':
      return DomainError.invalid('file', 'only one document per request');
    case 'LIMIT_FIELD_VALUE':
      return DomainError.invalid(field, 'value too long');
    default:
      return DomainError.invalid(field, error.message);
  }
}
