// A random name for players who do not pick one: two short words and a number, always
// within the protocol's 16 bytes.

const ADJECTIVES = ['swift', 'brave', 'quiet', 'lucky', 'rapid', 'bold', 'sly', 'keen', 'calm', 'wild'];
const ANIMALS = ['fox', 'owl', 'lynx', 'hawk', 'wolf', 'otter', 'moth', 'crow', 'hare', 'wasp'];

export function randomName(random = Math.random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  return `${pick(ADJECTIVES)}-${pick(ANIMALS)}${Math.floor(random() * 100)}`;
}
