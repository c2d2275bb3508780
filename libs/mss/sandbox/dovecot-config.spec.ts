import { renderDovecotConfig } from './dovecot-config';
import { ssha256 } from './imap-accounts';
import { createHash } from 'node:crypto';

describe('Dovecot configuration', () => {
  const config = renderDovecotConfig({
    host: '127.0.0.1',
    port: 10993,
    baseDir: '/data/dovecot/run',
    stateDir: '/data/dovecot/state',
    logFile: '/data/dovecot/dovecot.log',
    certFile: '/data/dovecot/tls/server.pem',
    keyFile: '/data/dovecot/tls/server.key.pem',
    caFile: '/data/dovecot/tls/ca.pem',
    passwdFile: '/data/dovecot/passwd',
    mailRoot: '/data/mail',
    users: {
      mail: { name: 'mail', uid: 8, gid: 8 },
      internalUser: 'dovecot',
      loginUser: 'dovenull',
      authGroup: { name: 'dovecot', gid: 111 },
      changeOwner: true,
    },
  });

  it('asks for mutual TLS and refuses logins without a valid client certificate', () => {
    for (const line of [
      'ssl = required',
      'ssl_ca = </data/dovecot/tls/ca.pem',
      'ssl_verify_client_cert = yes',
      'auth_ssl_require_client_cert = yes',
      'ssl_require_crl = no',
    ]) {
      expect(config).toContain(`\n${line}\n`);
    }
  });

  it('keeps everything in the sandbox folders and serves imaps only', () => {
    expect(config).toContain('base_dir = /data/dovecot/run\n');
    expect(config).toContain('state_dir = /data/dovecot/state\n');
    expect(config).toContain('mail_location = maildir:~\n');
    expect(config).toContain('valid_chroot_dirs = /data/mail\n');
    expect(config).toMatch(/inet_listener imap \{\n {4}port = 0\n/);
    expect(config).toMatch(
      /inet_listener imaps \{\n {4}address = 127\.0\.0\.1\n {4}port = 10993\n {4}ssl = yes/,
    );
    expect(config).toContain('args = uid=8 gid=8 home=/data/mail/./%Lu');
    expect(config).not.toMatch(/!include/);
  });

  it('hashes passwords as Dovecot reads {SSHA256}', () => {
    const salt = Buffer.from('0123456789abcdef', 'hex');
    const hashed = ssha256('secret', salt);
    const bytes = Buffer.from(hashed.slice('{SSHA256}'.length), 'base64');
    expect(bytes.subarray(32).equals(salt)).toBe(true);
    expect(bytes.subarray(0, 32)).toEqual(
      createHash('sha256').update('secret').update(salt).digest(),
    );
  });
});
