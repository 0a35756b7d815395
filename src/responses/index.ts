/** Responses to institutions: letters and acts, sealed by the agency. */
export * from './sign/index.js';
