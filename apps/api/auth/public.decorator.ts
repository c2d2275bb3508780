import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = Symbol('IS_PUBLIC');

/** A route anyone may call: it answers no health data (health check, the login itself). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
