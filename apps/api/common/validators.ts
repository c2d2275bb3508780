import { Transform } from 'class-transformer';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { isIsoDay, parisDay } from '@app/domain';

/** A calendar day written YYYY-MM-DD that exists. */
export function IsIsoDay(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIsoDay',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a date written YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isIsoDay(value) },
    });
}

/** Not after today in Paris (a document cannot be dated tomorrow). */
export function IsNotInFuture(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotInFuture',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must not be in the future', ...options },
      // Only judges real days; a malformed one is IsIsoDay's to report.
      validator: {
        validate: (value: unknown) => !isIsoDay(value) || value <= parisDay(Date.now()),
      },
    });
}

/** Trims strings, so that "   " counts as empty. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Query-string booleans: only "true" and "false" are booleans; anything else fails validation. */
export const ParseBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
