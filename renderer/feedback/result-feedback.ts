// Sounds and speaks a gate result: WebAudio tones generated in code (pass a short high double
// beep, deny and refer a low long tone, retest a middle tone, a pupil held for a certificate a
// soft falling two-note chime — a child waiting for a teacher must not hear the refusal's
// buzzer) and the short result text through speech synthesis. Both are courtesies on top of
// the screen: nothing here may ever throw.
import type { Face } from '../display/gate-hold';

export interface Tone {
  hertz: number;
  startSeconds: number;
  lengthSeconds: number;
}

/** Exported for tests: which tones each face plays. */
export const tones: Record<Face, Tone[]> = {
  pass: [
    { hertz: 1320, startSeconds: 0, lengthSeconds: 0.12 },
    { hertz: 1320, startSeconds: 0.2, lengthSeconds: 0.12 },
  ],
  deny: [{ hertz: 330, startSeconds: 0, lengthSeconds: 0.9 }],
  refer: [{ hertz: 330, startSeconds: 0, lengthSeconds: 0.9 }],
  retest: [{ hertz: 660, startSeconds: 0, lengthSeconds: 0.45 }],
  hold: [
    { hertz: 784, startSeconds: 0, lengthSeconds: 0.3 },
    { hertz: 659, startSeconds: 0.32, lengthSeconds: 0.45 },
  ],
};

const volume = 0.3;
let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const Constructor = globalThis.AudioContext;
  if (typeof Constructor !== 'function') return null;
  context = new Constructor();
  return context;
}

export function playResultSound(face: Face): void {
  try {
    const audio = audioContext();
    if (!audio) return;
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const start = audio.currentTime + 0.02;
    for (const tone of tones[face]) scheduleTone(audio, tone, start);
  } catch (error) {
    console.warn('Result sound unavailable', error);
  }
}

function scheduleTone(audio: AudioContext, tone: Tone, base: number): void {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  const begin = base + tone.startSeconds;
  const end = begin + tone.lengthSeconds;
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(tone.hertz, begin);
  // Short ramps at both ends: a tone switched on or off abruptly clicks.
  gain.gain.setValueAtTime(0, begin);
  gain.gain.linearRampToValueAtTime(volume, begin + 0.015);
  gain.gain.setValueAtTime(volume, end - 0.03);
  gain.gain.linearRampToValueAtTime(0, end);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(begin);
  oscillator.stop(end + 0.01);
  oscillator.addEventListener('ended', () => {
    oscillator.disconnect();
    gain.disconnect();
  });
}

/**
 * Browsers start audio suspended until the page is touched; call this from the first click or
 * key press so later results can sound (the Electron shell may also lift the autoplay rule).
 */
export function unlockAudio(): void {
  try {
    const audio = audioContext();
    if (audio?.state === 'suspended') void audio.resume().catch(() => undefined);
  } catch {
    // No audio on this machine: the screen still shows the result.
  }
}

const speechLanguages: Record<string, string> = { 'zh-CN': 'zh-CN', en: 'en-US' };

export function speakResult(text: string, language: string): void {
  try {
    const synthesis = globalThis.speechSynthesis;
    if (!synthesis || typeof globalThis.SpeechSynthesisUtterance !== 'function') return;
    // In the rush a new result replaces the one still being spoken.
    synthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = speechLanguages[language] ?? language;
    utterance.rate = 1.05;
    const voice = synthesis
      .getVoices()
      .find((candidate) => candidate.lang.replace('_', '-').startsWith(utterance.lang));
    if (voice) utterance.voice = voice;
    utterance.addEventListener('error', () => undefined);
    synthesis.speak(utterance);
  } catch {
    // Ignored on purpose: see above.
  }
}
