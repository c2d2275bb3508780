export * from './document-letter';
export * from './html';
export * from './notice-letter';
export * from './people';
export * from './referral-letter';
export * from './situation-letter';
export * from './dmp-alert-letter';
