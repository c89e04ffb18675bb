FROM ruby:3.3-slim-bookworm
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN apt-get update -qq && \
    apt-get install --no-install-recommends -y build-essential libpq-dev libyaml-dev pkg-config && \
    bundle install && \
    apt-get autoremove -y && \
    apt-get clean && \
    rm -rf /var/lib/apt/lists/* /usr/local/bundle/cache
COPY . .
CMD ["bundle", "exec", "puma"]
