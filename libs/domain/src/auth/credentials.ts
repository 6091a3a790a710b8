/** Staff credential rules: shared by DTO validation, the env bootstrap and tests. */
export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 50;
export const USERNAME_PATTERN = /^[A-Za-z0-9_]+$/;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const DISPLAY_NAME_MAX_LENGTH = 100;

/** Usernames are stored and compared lower-cased (the login lower-cases what is typed). */
export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

export const isValidUsername = (username: string): boolean =>
  username.length >= USERNAME_MIN_LENGTH &&
  username.length <= USERNAME_MAX_LENGTH &&
  USERNAME_PATTERN.test(username);

/** A bcrypt hash as produced by bcrypt/passlib/bcryptjs (`$2a$`, `$2b$`, `$2y$`). */
export const BCRYPT_HASH_PATTERN = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
