import { AddressPolicy } from './address-policy';

describe('AddressPolicy', () => {
  const policy = new AddressPolicy();

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '151.101.1.69',
    '2606:4700:4700::1111',
    '2a00:1450:4003:80b::200e',
  ])('allows the public address %s', (address) => {
    expect(policy.check(address)).toEqual({ allowed: true });
  });

  it.each([
    // IPv4 private, loopback, link-local (cloud metadata), CGNAT, reserved, special
    ['127.0.0.1'],
    ['127.255.255.254'],
    ['10.0.0.1'],
    ['172.16.0.1'],
    ['172.31.255.255'],
    ['192.168.1.1'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['0.0.0.0'],
    ['0.1.2.3'],
    ['255.255.255.255'],
    ['224.0.0.1'],
    ['240.0.0.1'],
    ['192.0.0.8'],
    ['192.0.2.10'],
    ['198.18.0.1'],
    ['203.0.113.5'],
    // IPv6 loopback, unspecified, link-local, ULA, multicast, documentation
    ['::1'],
    ['::'],
    ['fe80::1'],
    ['fe80::1%eth0'],
    ['fc00::1'],
    ['fd12:3456:789a::1'],
    ['fd00:ec2::254'],
    ['ff02::1'],
    ['2001:db8::1'],
    ['fec0::1'],
    // IPv6 forms that embed IPv4 targets
    ['::ffff:127.0.0.1'],
    ['::ffff:7f00:1'],
    ['::ffff:10.0.0.1'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::a00:1'],
    ['2002:7f00:1::1'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['[::1]'],
    // not an address at all
    ['localhost'],
    [''],
  ])('refuses %s', (address) => {
    const verdict = policy.check(address);
    expect(verdict.allowed).toBe(false);
  });

  it('lets an operator allow a private network on purpose, but never mapped or multicast', () => {
    const lan = new AddressPolicy(['10.20.0.0/16', 'fd00::/8']);
    expect(lan.check('10.20.1.2')).toEqual({ allowed: true });
    expect(lan.check('fd00::5')).toEqual({ allowed: true });
    expect(lan.check('10.21.0.1').allowed).toBe(false);
    expect(lan.check('::ffff:10.20.1.2').allowed).toBe(false);
    expect(new AddressPolicy(['0.0.0.0/0']).check('0.0.0.0').allowed).toBe(false);
    expect(new AddressPolicy(['224.0.0.0/4']).check('224.0.0.1').allowed).toBe(false);
  });

  it('rejects a malformed CIDR at construction', () => {
    expect(() => new AddressPolicy(['10.0.0.0/33'])).toThrow(/invalid CIDR/);
  });
});
