import { useEffect, useRef, useState } from 'react';
import QRCode from 'qrcode';
import type { Role } from '@shared/roles';
import { fetchInvite, type Invite } from '../api/workshops';
import { Icon } from './icons';
import { useEscapeToClose } from './useEscapeToClose';
import './InviteDialog.css';
import { useT } from '../i18n';

const ORDER: Role[] = ['participant', 'viewer', 'facilitator'];

/** A QR code drawn here in the browser: links are secrets and go to no outside service. */
function QrImage({ text, alt }: { text: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { margin: 1, width: 176, errorCorrectionLevel: 'M' }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <img className="invite__qr" src={src} alt={alt} width={176} height={176} /> : <span className="invite__qr invite__qr--empty" />;
}

function CopyButton({ text, what }: { text: string; what: string }) {
  const [copied, setCopied] = useState(false);
  const { t } = useT();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button className="button invite__copy" onClick={() => void copy()} aria-label={t('invite.copyThe', { what })}>
      <Icon name={copied ? 'check' : 'copy'} size={18} />
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}

interface InviteDialogProps {
  workshopId: string;
  token: string;
  onClose: () => void;
}

/** Everything a facilitator hands out, at any time: the three links with QR codes, and the short code for /j. */
export function InviteDialog({ workshopId, token, onClose }: InviteDialogProps) {
  const [invite, setInvite] = useState<Invite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const { t } = useT();

  useEffect(() => {
    let live = true;
    fetchInvite(workshopId, token).then(
      (i) => live && setInvite(i),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [workshopId, token]);

  useEscapeToClose(onClose);
  // Focus moves into the dialog and returns to where it was (the Invite button) on close.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.focus();
    return () => before?.focus();
  }, []);

  return (
    <div className="overlay invite-overlay" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog invite" role="dialog" aria-modal="true" aria-labelledby="invite-title" ref={dialogRef} tabIndex={-1}>
        <div className="invite__head">
          <h2 id="invite-title">{t('invite.title')}</h2>
          <button className="button invite__close" onClick={onClose} aria-label={t('invite.close')}>
            <Icon name="close" size={18} />
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {!invite && !error && <p className="muted">{t('invite.loading')}</p>}
        {invite && (
          <>
            <section className="invite__code" aria-labelledby="invite-code-title">
              <h3 id="invite-code-title">{t('invite.onPhone')}</h3>
              <p>
                {t('invite.openBefore')} <strong>{invite.joinUrl.replace(/^https?:\/\//, '')}</strong> {t('invite.openAfter')}
              </p>
              <p className="invite__code-value" data-testid="join-code" aria-label={t('invite.joinCode', { code: invite.code.split('').join(' ') })}>
                {invite.code}
              </p>
            </section>
            {invite.links ? (
              <ul className="invite__links">
                {ORDER.map((role) => {
                  const link = invite.links![role];
                  const label = { title: t(`invite.roles.${role}.title`), hint: t(`invite.roles.${role}.hint`) };
                  const linkName = t(`invite.roles.${role}.link`);
                  return (
                    <li key={role} className="invite__link">
                      <QrImage text={link} alt={t('invite.qrOf', { link: linkName })} />
                      <div className="invite__link-text">
                        <h3>{label.title}</h3>
                        <p className="muted">{label.hint}</p>
                        <a href={link} className="invite__url" aria-label={`${t('invite.titledLink', { title: label.title })}: ${link}`}>
                          {link}
                        </a>
                        <CopyButton text={link} what={linkName} />
                      </div>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="muted">{t('invite.noLinks')}</p>
            )}
          </>
        )}
      </div>
    </div>
  );
}
