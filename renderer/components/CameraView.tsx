// The camera picture (mirrored, like a mirror) so people can aim their card at it, or what is
// wrong with the camera in plain words. A frozen picture stays visible beside its message.
// Only the display runs the camera; the guard station never opens it.
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraStatus } from '../scanner/camera-source';

interface CameraViewProps {
  videoRef: RefObject<HTMLVideoElement | null>;
  status: CameraStatus;
}

export function CameraView({ videoRef, status }: CameraViewProps) {
  const { t } = useTranslation();
  const showVideo = status === 'active' || status === 'frozen';
  return (
    <div className={`camera camera-${status}`} data-testid="camera" data-status={status}>
      <video
        ref={videoRef}
        className="camera-video"
        muted
        playsInline
        autoPlay
        hidden={!showVideo}
      />
      {status === 'active' ? null : (
        <p className="camera-message" data-testid="camera-message" role="status">
          {t(`camera.${status}`)}
        </p>
      )}
    </div>
  );
}
