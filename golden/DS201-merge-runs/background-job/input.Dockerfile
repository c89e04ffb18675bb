FROM postgres:16
RUN docker-entrypoint.sh postgres & sleep 5; psql -U postgres -c 'select 1'
RUN rm -rf /var/lib/postgresql/data/*
