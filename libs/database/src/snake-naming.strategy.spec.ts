import { SnakeNamingStrategy } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  const strategy = new SnakeNamingStrategy();

  it.each([
    ['passwordHash', 'password_hash'],
    ['createdAt', 'created_at'],
    ['chatwootContactId', 'chatwoot_contact_id'],
    ['id', 'id'],
  ])('maps %s to %s', (property, column) => {
    expect(strategy.columnName(property, undefined, [])).toBe(column);
  });

  it('keeps explicit column names', () => {
    expect(strategy.columnName('user', 'user', [])).toBe('user');
  });
});
