/**
 * Patient identification: what the card-reading middleware, the appli carte
 * Vitale, a typed-in matricule or typed-in traits give, turned into one
 * identity model with its RNIV status. Only a qualified identity yields an INS.
 * Plain TypeScript: no I/O, no card hardware.
 */
export * from './nir';
export * from './birth-date';
export * from './traits';
export * from './identity';
export * from './vitale';
export * from './virtual-reader';
