// The appointment pass as a QR code picture, to send to the visitor or print. PNG, error
// correction M (a phone screen with some glare or a crease in paper still reads; H would make
// the code denser for the same text), the quiet zone of 4 modules the QR standard requires,
// and 8 pixels per module so a printed or forwarded copy stays sharp after scaling.
import QRCode from 'qrcode';
import { maxPassLength, passPrefix } from './pass-token';

export const passQrOptions = {
  type: 'png',
  errorCorrectionLevel: 'M',
  margin: 4,
  scale: 8,
} as const;

/** PNG bytes of the QR code holding the pass text exactly. */
export async function renderPassPng(token: string): Promise<Buffer> {
  // A picture of something the gate would refuse unread is no use to a visitor.
  if (!token.startsWith(passPrefix) || token.length > maxPassLength) {
    throw new RangeError('renderPassPng takes a pass made by signPass');
  }
  return QRCode.toBuffer(token, passQrOptions);
}
