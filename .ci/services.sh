#!/usr/bin/env bash
# Make sure MariaDB and Redis answer on their local ports before the MariaDB and Celery legs.
# Starts a server only when its port is closed (a CI machine where it is installed but stopped);
# fails, with the reason, if it still does not answer. Never touches a server that already runs.
set -euo pipefail

WAIT_SECONDS=${WAIT_SECONDS:-30}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {  # name port
  for _ in $(seq "$WAIT_SECONDS"); do
    port_open "$2" && { echo "$1 is up on 127.0.0.1:$2"; return 0; }
    sleep 1
  done
  echo "$1 did not start on 127.0.0.1:$2 within ${WAIT_SECONDS}s" >&2
  return 1
}

if port_open 3306; then
  echo "MariaDB is up on 127.0.0.1:3306"
else
  echo "MariaDB is not answering on 127.0.0.1:3306: starting it"
  if id mysql >/dev/null 2>&1; then install -d -o mysql -g mysql /run/mysqld; fi
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for MariaDB 3306
fi

if port_open 6379; then
  echo "Redis is up on 127.0.0.1:6379"
else
  echo "Redis is not answering on 127.0.0.1:6379: starting it"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for Redis 6379
fi
