export * from './auth-errors';
export * from './credentials';
export * from './roles';
