import { useId } from 'react';

/** The app mark: a sluice gate lifted over running water (same drawing as build/icon.png). */
export function SluiceLogo({ size = 24 }: { size?: number }) {
  const gradient = useId();
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#3b82f6" />
          <stop offset="1" stopColor="#0e7490" />
        </linearGradient>
      </defs>
      <rect width="64" height="64" rx="14" fill={`url(#${gradient})`} />
      <rect x="12" y="10" width="6" height="44" rx="2" fill="#fff" />
      <rect x="46" y="10" width="6" height="44" rx="2" fill="#fff" />
      <rect x="21" y="13" width="22" height="15" rx="2" fill="#fff" fillOpacity="0.85" />
      <path d="M20 39 q 6 -5 12 0 t 12 0" fill="none" stroke="#fff" strokeWidth="4" strokeLinecap="round" />
      <path d="M20 48 q 6 -5 12 0 t 12 0" fill="none" stroke="#fff" strokeWidth="4" strokeLinecap="round" strokeOpacity="0.7" />
    </svg>
  );
}
