FROM ruby:3.3
WORKDIR /srv
COPY Gemfile Gemfile.lock ./
RUN bundle install
RUN gem pristine --all
RUN rm -rf /usr/local/bundle/cache
