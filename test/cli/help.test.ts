/** Every command's --help teaches: exit 0, every option it accepts is listed, and an example shows it in use. */
import { describe, expect, it } from 'vitest';
import { augc, commandTree } from './cli-harness.ts';

const tree = await commandTree();

describe('augc COMMAND --help', () => {
  it('knows the commands the README lists', () => {
    const names = tree.map((c) => c.path.join(' '));
    for (const name of ['check', 'plan', 'run', 'report', 'data', 'data describe', 'fmt', 'lsp', 'worker', 'status'])
      expect(names).toContain(name);
  });

  for (const { path, command } of tree) {
    it(`augc ${path.join(' ')} --help lists its options and an example`, async () => {
      const { code, stdout } = await augc(...path, '--help');
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: augc ${path.join(' ')}`);
      for (const option of command.options.filter((o) => !o.hidden)) expect(stdout).toContain(option.long ?? option.short);
      // a group (`augc data`) shows its sub-commands; a command shows at least one example call
      if (command.commands.length > 0) for (const sub of command.commands) expect(stdout).toContain(sub.name());
      else expect(stdout).toMatch(new RegExp(`Examples?:\\n(.*\\n)*\\s+(.* )?augc ${path.join(' ')}\\b`));
    });
  }

  it('hides --format, the older spelling of --json, where --json is offered', () => {
    for (const { command } of tree.filter((c) => c.command.options.some((o) => o.long === '--json'))) {
      const format = command.options.find((o) => o.long === '--format');
      expect(format?.hidden).toBe(true);
    }
  });
});
