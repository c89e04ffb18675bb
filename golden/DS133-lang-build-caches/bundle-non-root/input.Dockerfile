FROM ruby:3.3
RUN useradd -m app
USER app
WORKDIR /home/app
COPY --chown=app Gemfile Gemfile.lock ./
RUN bundle install
