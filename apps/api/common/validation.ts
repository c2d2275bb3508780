import {
  ArgumentMetadata,
  BadRequestException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { DomainError, type FieldProblem } from '@app/domain';
import { hostileValueProblem } from '../security/hostile-input';

/**
 * DTO validation at the edge: unknown fields are refused, every problem is
 * reported with the path of its field (`medecinTraitant.rpps`), one problem
 * per field: the first decorator written above the property that fails (write
 * the most basic check, such as "required", first).
 */
export function validationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new BadRequestException({
        message: problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
        problems,
      });
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // class-validator runs a property's decorators bottom-up: the last message is the topmost decorator's.
    const problem = Object.values(error.constraints ?? {}).at(-1);
    const own: FieldProblem[] =
      problem === undefined
        ? []
        : // class-validator starts its messages with the property name; the field is given apart.
          [
            {
              field,
              problem: problem.startsWith(`${error.property} `)
                ? problem.slice(error.property.length + 1)
                : problem,
            },
          ];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Every value a handler receives (body, multipart fields, query, path
 * parameters) is first checked for what no DTO can express: nesting that would
 * break validation's recursion, prototype keys, control characters.
 */
class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const root = metadata.type === 'param' ? (metadata.data ?? 'path') : metadata.type;
      const problem = hostileValueProblem(value, root);
      if (problem) throw DomainError.invalidFields([problem]);
    }
    return super.transform(value, metadata);
  }
}
