export * from './bar-chart';
export * from './format';
export * from './report-document';
export * from './table';
export * from './text';
export * from './written-document-pdf';
