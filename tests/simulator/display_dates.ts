/** Slooh's display dates and times, in every style the real API uses. */

const AP_MONTHS = [
  "Jan.",
  "Feb.",
  "March",
  "April",
  "May",
  "June",
  "July",
  "Aug.",
  "Sept.",
  "Oct.",
  "Nov.",
  "Dec.",
];
const FULL_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const SHORT_MONTHS = [
  "Jan.",
  "Feb.",
  "Mar.",
  "Apr.",
  "May",
  "Jun.",
  "Jul.",
  "Aug.",
  "Sep.",
  "Oct.",
  "Nov.",
  "Dec.",
];

export const pad2 = (n: number) => String(n).padStart(2, "0");

/** Formats a UTC date in one of the displayDate spellings (style cycles 0..3). */
export function formatDisplayDate(d: Date, style: number): string {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (((style % 4) + 4) % 4) {
    case 0:
      return `${AP_MONTHS[m]} ${day}, ${y}`;
    case 1:
      return `${FULL_MONTHS[m]} ${day}, ${y}`;
    case 2:
      return `${SHORT_MONTHS[m]} ${day}, ${y}`;
    default:
      return `${y}-${pad2(m + 1)}-${pad2(day)}`;
  }
}

/** Formats a UTC time as displayTime, with or without seconds. */
export function formatDisplayTime(d: Date, withSeconds: boolean): string {
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return withSeconds ? `${hm}:${pad2(d.getUTCSeconds())} UTC` : `${hm} UTC`;
}

/** State shared by generateAccount and addNewPictures so ids stay unique across both. */
