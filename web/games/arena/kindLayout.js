// Where each kind keeps the fields the renderer draws, looked up once per welcome by the
// names in the game schema (a field a kind lacks is -1).

export function kindLayouts(kinds) {
  return kinds.map((kind) => {
    const index = (name) => kind.fields.findIndex((field) => field.name === name);
    const aim = index('aim');
    const angle = aim >= 0 ? aim : index('heading');
    const angleField = angle >= 0 ? kind.fields[angle] : null;
    return {
      name: kind.name,
      angle,
      angleUnitsPerTurn: angleField ? angleField.max - angleField.min + 1 : 1,
      health: index('health'),
      maxHealth: index('health') >= 0 ? kind.fields[index('health')].max : 1,
      player: index('player'),
      owner: index('owner'),
    };
  });
}
