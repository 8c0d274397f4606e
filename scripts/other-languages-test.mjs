#!/usr/bin/env node
// Go, Java and .NET sources of the library, generated from the jsii assembly (.jsii, written by
// `npm run build`) by `jsii-pacmak --code-only`, and checked as far as this machine can:
//
// - every type of the assembly is declared in each language, with each static method and
//   constant, each struct field, each enum member and each class's properties, under the names
//   jsii gives them there (GitHubAuth.personalAccessToken: Go `GitHubAuth_PersonalAccessToken`,
//   Java `GitHubAuth.personalAccessToken`, C# `GitHubAuth.PersonalAccessToken`);
// - the API the docs show is in the assembly at all (a list below);
// - Go: every file parses (gofmt -e) and go.mod requires the modules the library needs;
// - Java: every file parses (javac's parser, scripts/java/ParseOnly.java; nothing is compiled).
//
// Nothing is compiled: Go needs github.com/cdk8s-team/cdk8s-core-go, which the Go module proxy
// refuses here; Maven does not resolve org.cdk8s:cdk8s nor org.cdk8s:cdk8s-plus-28; there is no
// .NET SDK and no NuGet. docs/other-languages.md says so.
//
//   node scripts/other-languages-test.mjs     (after npm run build; KEEP=1 keeps the sources)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const step = (what) => console.log(`other-languages: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/** The API the README and docs show, as `Type.member`: it must be in the assembly, and so in every language. */
const DOCUMENTED = [
  'GhaRunnerScaleSet.scaleSetNames', 'GhaRunnerScaleSet.buildPodTemplate', 'GhaRunnerScaleSetController.ARC_VERSION',
  'GhaRunnerScaleSetController.controllerArgs', 'GhaRunnerScaleSetController.controllerPodTemplate',
  'GitHubAuth.personalAccessToken', 'GitHubAuth.app', 'GitHubAuth.existingSecret', 'GitHubAuth.externalSecret',
  'ContainerModes.default', 'ContainerModes.dind', 'ContainerModes.kubernetes', 'ContainerModes.kubernetesNoVolume',
  'ContainerModes.workVolumeClaimSpec', 'RunnerCount.unset', 'ArcCrds.crdsYaml', 'PodSecurity.levelOf', 'PodSecurity.violations',
  'SecretsOutput.inline', 'SecretsOutput.separate', 'SecretsOutput.sealed', 'HookTemplate.fromConfigMap',
  'GhaRunnerScaleSetProps.githubConfigUrl', 'GhaRunnerScaleSetProps.minRunners', 'GhaRunnerScaleSetProps.containerMode',
  'PodSecurityLevel.RESTRICTED', 'ContainerModeType.KUBERNETES',
];

const assemblyFile = join(root, '.jsii');
if (!existsSync(assemblyFile)) {
  console.error('other-languages: no .jsii in the project root; run npm run build first');
  process.exit(1);
}
const assembly = JSON.parse(readFileSync(assemblyFile, 'utf8'));
const targets = assembly.targets;
const problems = [];
let checks = 0;
const expect = (ok, what) => { checks += 1; if (!ok) problems.push(what); };

const out = mkdtempSync(join(tmpdir(), 'gha-rs-other-languages-'));
try {
  // 1. generate (the tarball jsii-pacmak packs first is made without running `prepare` again)
  execFileSync(process.execPath, [join(root, 'node_modules', 'jsii-pacmak', 'bin', 'jsii-pacmak'),
    '--targets', 'go,java,dotnet', '--code-only', '--outdir', out, '--pack-command', 'npm pack --ignore-scripts', '--no-npmignore'], {
    cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
  });
  const goDir = join(out, 'go', targets.go.packageName);
  const javaDir = join(out, 'java', 'src', 'main', 'java', ...targets.java.package.split('.'));
  const dotnetDir = join(out, 'dotnet', targets.dotnet.packageId, targets.dotnet.namespace);
  const count = (dir, ext) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(ext)).length : 0);
  step(`jsii-pacmak wrote ${count(goDir, '.go')} Go, ${count(javaDir, '.java')} Java and ${count(dotnetDir, '.cs')} C# files`);

  // 2. the documented API is in the assembly
  const types = Object.values(assembly.types);
  const byName = new Map(types.map((t) => [t.name, t]));
  const membersOf = (t) => [...(t.methods ?? []), ...(t.properties ?? []), ...(t.members ?? [])].map((m) => m.name);
  for (const entry of DOCUMENTED) {
    const [type, member] = entry.split('.');
    expect(byName.has(type) && membersOf(byName.get(type)).includes(member), `the assembly has no ${entry}`);
  }

  // 3. each type in each language, by jsii's naming rules
  const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  const has = (text, re) => text !== undefined && re.test(text);
  const pascal = (s) => s[0].toUpperCase() + s.slice(1);
  const esc = (s) => s.replace(/[$]/g, '\\$&');
  const getter = (p) => `get${pascal(p)}`;
  // jsii renames a Java method named like a Java keyword: ContainerModes.default() is doDefault()
  const JAVA_KEYWORDS = new Set(('abstract assert boolean break byte case catch char class const continue default do double else enum extends final '
    + 'finally float for goto if implements import instanceof int interface long native new package private protected public return short static '
    + 'strictfp super switch synchronized this throw throws transient try void volatile while').split(' '));
  const javaMethod = (name) => (JAVA_KEYWORDS.has(name) ? `do${pascal(name)}` : name);
  /** Checks each type's declarations in the files `read` returns, reporting to `expect`. */
  const checkTypes = (read, expect) => {
    for (const t of types) {
      const go = read(join(goDir, `${t.name}.go`));
      const java = read(join(javaDir, `${t.name}.java`));
      const where = (lang) => `${lang}: ${t.name}`;
      if (t.kind === 'enum') {
        expect(has(go, new RegExp(`^type ${t.name} string$`, 'm')), `${where('Go')} is no string enum type`);
        expect(has(java, new RegExp(`^public enum ${t.name} \\{`, 'm')), `${where('Java')} is no enum`);
        const cs = read(join(dotnetDir, `${t.name}.cs`));
        expect(has(cs, new RegExp(`public enum ${t.name}\\b`)), `${where('C#')} is no enum`);
        for (const m of t.members) {
          expect(has(go, new RegExp(`^\\t${t.name}_${m.name} ${t.name} = "${m.name}"$`, 'm')), `${where('Go')}_${m.name} is missing`);
          expect(has(java, new RegExp(`^    ${m.name}[,;]$`, 'm')), `${where('Java')}.${m.name} is missing`);
          expect(has(cs, new RegExp(`^        ${m.name},?$`, 'm')), `${where('C#')}.${m.name} is missing`);
        }
      } else if (t.kind === 'interface' && t.datatype) {
        // a struct: Go struct, Java interface with a Builder, C# interface I<Name> and class <Name>
        const iface = read(join(dotnetDir, `I${t.name}.cs`));
        const cls = read(join(dotnetDir, `${t.name}.cs`));
        expect(has(go, new RegExp(`^type ${t.name} struct \\{`, 'm')), `${where('Go')} is no struct`);
        expect(has(java, new RegExp(`^public interface ${t.name} extends software\\.amazon\\.jsii\\.JsiiSerializable`, 'm')) && has(java, /public static final class Builder /), `${where('Java')} is no struct interface with a Builder`);
        expect(has(iface, new RegExp(`public interface I${t.name}\\b`)) && has(cls, new RegExp(`public class ${t.name} : ${targets.dotnet.namespace}\\.I${t.name}\\b`)), `${where('C#')} is no I${t.name} with a class ${t.name}`);
        for (const p of t.properties ?? []) {
          expect(has(go, new RegExp(`^\\t${pascal(p.name)} \\S.* json:"${p.name}"`, 'm')), `${where('Go')}.${pascal(p.name)} (json ${p.name}) is missing`);
          expect(has(java, new RegExp(`\\b${getter(p.name)}\\(\\)`)), `${where('Java')}.${getter(p.name)}() is missing`);
          expect(has(iface, new RegExp(`\\b${pascal(p.name)}\\b`)), `${where('C#')}.${pascal(p.name)} is missing`);
        }
      } else if (t.kind === 'class') {
        const cs = read(join(dotnetDir, `${t.name}.cs`));
        expect(has(go, new RegExp(`^type ${t.name} interface \\{`, 'm')), `${where('Go')} is no interface type`);
        expect(has(java, new RegExp(`^public (abstract )?class ${t.name}\\b`, 'm')), `${where('Java')} is no class`);
        expect(has(cs, new RegExp(`public (abstract )?class ${t.name}\\b`)), `${where('C#')} is no class`);
        if (t.initializer && !t.abstract) {
          expect(has(go, new RegExp(`^func New${t.name}\\(`, 'm')), `${where('Go')} has no New${t.name}`);
          expect(has(java, new RegExp(`^    public ${t.name}\\(`, 'm')), `${where('Java')} has no public constructor`);
          expect(has(cs, new RegExp(`public ${t.name}\\(`)), `${where('C#')} has no public constructor`);
        }
        for (const m of (t.methods ?? []).filter((x) => !x.protected)) {
          if (m.static) {
            expect(has(go, new RegExp(`^func ${t.name}_${pascal(m.name)}\\(`, 'm')), `${where('Go')}_${pascal(m.name)} is missing`);
            expect(has(java, new RegExp(`^    public static .*\\b${esc(javaMethod(m.name))}\\(`, 'm')), `${where('Java')}.${javaMethod(m.name)}() is no public static method`);
            expect(has(cs, new RegExp(`public static .*\\b${pascal(m.name)}\\(`)), `${where('C#')}.${pascal(m.name)}() is no public static method`);
          } else {
            expect(has(go, new RegExp(`^\\t${pascal(m.name)}\\(`, 'm')), `${where('Go')}.${pascal(m.name)}() is missing`);
            expect(has(java, new RegExp(`^    public .*\\b${esc(javaMethod(m.name))}\\(`, 'm')), `${where('Java')}.${javaMethod(m.name)}() is missing`);
            expect(has(cs, new RegExp(`public .*\\b${pascal(m.name)}\\(`)), `${where('C#')}.${pascal(m.name)}() is missing`);
          }
        }
        for (const p of (t.properties ?? []).filter((x) => !x.protected)) {
          if (p.static) {
            expect(has(go, new RegExp(`^func ${t.name}_${pascal(p.name)}\\(\\)`, 'm')), `${where('Go')}_${pascal(p.name)}() is missing`);
            expect(has(java, new RegExp(`^    public (final )?static .*\\b${p.name}\\b`, 'm')), `${where('Java')}.${p.name} is no public static field`);
            expect(has(cs, new RegExp(`^ *public static .+ ${pascal(p.name)}$`, 'm')), `${where('C#')}.${pascal(p.name)} is no public static property`);
          } else {
            expect(has(go, new RegExp(`^\\t${pascal(p.name)}\\(\\) `, 'm')), `${where('Go')}.${pascal(p.name)}() is missing`);
            expect(has(java, new RegExp(`\\b${getter(p.name)}\\(\\)`)), `${where('Java')}.${getter(p.name)}() is missing`);
            expect(has(cs, new RegExp(`^ *public (virtual |override |abstract )?.+ ${pascal(p.name)}$`, 'm')), `${where('C#')}.${pascal(p.name)} is missing`);
          }
        }
      } else {
        expect(has(go, new RegExp(`^type ${t.name} interface \\{`, 'm')), `${where('Go')} is missing`);
      }
    }
  };
  checkTypes(read, expect);
  // the checks notice a declaration that is not there: one static method taken out of each language
  const missed = [];
  const takenOut = new Map([
    [join(goDir, 'GitHubAuth.go'), /^func GitHubAuth_PersonalAccessToken\(/gm],
    [join(javaDir, 'GitHubAuth.java'), /^    public static (.*)\bpersonalAccessToken\(/gm],
    [join(dotnetDir, 'GitHubAuth.cs'), /public static (.*)\bPersonalAccessToken\(/gm],
  ]);
  checkTypes((f) => (takenOut.has(f) ? read(f)?.replace(takenOut.get(f), 'removed(') : read(f)), (ok, what) => { if (!ok) missed.push(what); });
  const wanted = ['Go: GitHubAuth_PersonalAccessToken is missing', 'Java: GitHubAuth.personalAccessToken() is no public static method', 'C#: GitHubAuth.PersonalAccessToken() is no public static method'];
  expect(JSON.stringify(missed) === JSON.stringify(wanted), `the checks, given sources without GitHubAuth.personalAccessToken, report ${JSON.stringify(missed)} instead of ${JSON.stringify(wanted)}`);
  step(`${types.length} types of the assembly checked in Go, Java and C#`);

  // 4. Go: go.mod names the module and what the library needs; every file parses
  const goMod = read(join(goDir, 'go.mod')) ?? '';
  expect(goMod.startsWith(`module ${targets.go.moduleName}/${targets.go.packageName}\n`), `Go: go.mod does not declare module ${targets.go.moduleName}/${targets.go.packageName}`);
  for (const dep of ['github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2', 'github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2', 'github.com/aws/constructs-go/constructs/v10', 'github.com/aws/jsii-runtime-go']) {
    expect(goMod.includes(`\t${dep} v`), `Go: go.mod does not require ${dep}`);
  }
  const gofmt = spawnSync('gofmt', ['-e', '-l', goDir], { encoding: 'utf8' });
  expect(!gofmt.error && gofmt.status === 0 && gofmt.stderr === '', `Go: gofmt -e could not parse every file: ${gofmt.error?.message ?? gofmt.stderr.trim()}`);
  step('Go: every file parses (gofmt -e)');

  // 5. Java: every file parses
  const javaFiles = [];
  const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.java') && javaFiles.push(join(d, e.name)); };
  walk(join(out, 'java', 'src'));
  const parse = spawnSync('java', [join(root, 'scripts', 'java', 'ParseOnly.java'), ...javaFiles], { encoding: 'utf8' });
  expect(!parse.error && parse.status === 0, `Java: javac's parser refused the sources: ${parse.error?.message ?? (parse.stdout + parse.stderr).trim().slice(0, 2000)}`);
  step(`Java: ${parse.stdout.trim()} (javac's parser)`);
} catch (e) {
  problems.push(`${e.message}${e.stderr ? `\n${String(e.stderr).slice(-2000)}` : ''}`);
} finally {
  if (process.env.KEEP) console.log(`other-languages: kept ${out}`);
  else rmSync(out, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`other-languages: FAILED, ${problems.length} of ${checks} checks:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
step(`ok: ${checks} checks; nothing compiled (docs/other-languages.md says why)`);
