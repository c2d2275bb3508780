import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from '@app/domain';

/**
 * DTO validation at the edge: unknown fields are refused, every problem is
 * reported with the path of its field (`medecinTraitant.rpps`).
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
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
    const own = Object.values(error.constraints ?? {}).map((problem) => ({
      field,
      // class-validator starts its messages with the property name; the field is given apart.
      problem: problem.startsWith(`${error.property} `)
        ? problem.slice(error.property.length + 1)
        : problem,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
